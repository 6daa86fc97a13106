/** Value types every module speaks: company ids, E.164 phone numbers, extensions, money in cents. */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package dev.switchboard.shared;
